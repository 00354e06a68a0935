"""Assets of the HTML export: the page template, its script and style, and the layouts."""
