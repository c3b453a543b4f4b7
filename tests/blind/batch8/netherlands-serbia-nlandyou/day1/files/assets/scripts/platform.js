/* platform scripts: cookie consent, menu */
