"""Read models of public-notice (信息公示): what the public sees; they never write."""
