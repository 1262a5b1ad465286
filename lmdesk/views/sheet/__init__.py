"""The regimen-sheets screen: list, preview, print, archive and reprint of regimen sheets."""
