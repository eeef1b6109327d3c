"""The member register."""
