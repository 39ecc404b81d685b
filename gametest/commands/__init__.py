"""Click commands, one module per feature area; registered in gametest.cli."""
