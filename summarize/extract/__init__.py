"""Extract: engines that propose facts, and the questions they ask a model."""
