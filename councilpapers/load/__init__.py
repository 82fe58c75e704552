"""Loading stage: YAML, the content format, house styles, papers, meetings and figures from finance."""
