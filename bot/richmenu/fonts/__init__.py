"""Noto Sans Thai (OFL 1.1, see OFL.txt and README.txt); a package only so that the
fonts are installed with the code (package-data ships *.ttf and *.txt of packages)."""
