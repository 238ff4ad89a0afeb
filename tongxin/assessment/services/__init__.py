"""Writes of the assessment, one module per sub-domain: schemes, evaluation, meetings,
programmes, sites, standing."""
