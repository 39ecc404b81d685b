"""The advice-vs-outcome experiment: config, controls, stages, resume."""
