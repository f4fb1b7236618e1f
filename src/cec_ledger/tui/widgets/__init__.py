"""Widgets grouped by feature: the timeline table, the state panel, generated form fields."""
