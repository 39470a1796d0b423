"""The Curtois & Qu staff-scheduling benchmark: reader, independent checker, and its mapping onto our rules."""
