"""lpse_runtime package."""
