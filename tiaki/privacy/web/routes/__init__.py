"""The privacy office's pages, one module per part (each with its views and forms)."""
