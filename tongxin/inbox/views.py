from django.shortcuts import render

from tongxin.accounts.decorators import business_user_required
from tongxin.inbox import selectors


@business_user_required
def inbox(request):
    inbox = selectors.inbox_for(request.user)
    # Each section's template reads its items by the section's key.
    return render(request, "inbox/inbox.html", {"inbox": inbox, **inbox.items})
