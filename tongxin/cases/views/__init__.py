"""The case pages, one module per sub-domain: cases, enterprises, projects, credit,
rankings."""
