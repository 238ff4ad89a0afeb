from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UnitAwareModelBackend(ModelBackend):
    """Loads the user with their unit: every page shows it and scoping needs its path."""

    def get_user(self, user_id):
        user_model = get_user_model()
        try:
            user = user_model._default_manager.select_related("unit").get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
