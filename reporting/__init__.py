"""The monthly report file and the signed, expiring links that serve it. Plain functions: the
web download and the `cddbot report` command both call them."""
