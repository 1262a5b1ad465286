"""The printed regimen sheet as a document: built, worded and sectioned."""
