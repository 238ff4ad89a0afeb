"""Every write to the registry, cases and the finance records: one module per sub-domain
(enterprises, cases, projects, credit, rankings), imported from where it lives."""
