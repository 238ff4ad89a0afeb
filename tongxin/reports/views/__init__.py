"""The reports pages, one module per sub-domain: articles, reviews, casebook,
figure_check."""
