// Console: the delivery pages (loaded on every page with defer; act only where the page has your elements).
