"""Human review of stored records: the workbench's rules (service), overlays, charts and HTTP routes."""
