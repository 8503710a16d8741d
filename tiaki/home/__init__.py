"""The home page and its role panels: each panel asks a domain's selector
for the signed-in user's own work and renders it."""
