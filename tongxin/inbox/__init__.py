"""The 待办 inbox and the navigation count: sections contributed by every app."""
