"""Active content in an upload: moved to `lpse_runtime.file_safety` (the helpdesk's attachments are checked the same
way); re-exported here so registration's imports stay as they were."""

from lpse_runtime.file_safety import active_content

__all__ = ["active_content"]
