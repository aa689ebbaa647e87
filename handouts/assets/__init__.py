"""Package data: the default brand and its logo."""
