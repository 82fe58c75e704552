"""Comparing stage: a paper against an earlier revision of itself (`build.py diff`)."""
