"""Reads of the assessment, one module per sub-domain."""
