"""Projections: the timeline index, engagement summaries and the tamper-evidence chain.

See :mod:`.projector` for how they follow the log and :mod:`.chain` for verify and seal.
"""
