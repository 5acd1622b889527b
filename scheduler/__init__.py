"""The daemon: schedules crawls of each source in short-lived processes (``newsmon run``)."""
