"""Response assessment screen (Ctrl+7), trend plot and the printed response summary."""
