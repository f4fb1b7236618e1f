"""The CEC domain model: events, the Engagement aggregate, its state fold and rules.

Nothing here does I/O or imports click, textual or SQL drivers; a test checks that.
"""
