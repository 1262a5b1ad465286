"""Signed-in users on screen: sign-in, lock screen, second-person signing, rights on buttons."""
