"""Building: the pipeline (load → compose → write), incremental builds, workers and the check."""
