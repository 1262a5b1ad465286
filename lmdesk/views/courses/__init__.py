"""Course planning and follow-up: plan dialog, month calendar, session list, actions, history."""
