"""Developer tools run by hand (screenshots, catalogs, scale data, fonts); not for the ward."""
