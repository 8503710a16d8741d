"""The privacy office's API, one module per part (each with its views and serializers)."""
