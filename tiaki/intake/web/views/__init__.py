"""Intake's pages: recording and reading reports (reports), the allocation
queue and the timeliness dashboard (queue)."""
