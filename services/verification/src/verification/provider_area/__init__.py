"""The provider's own signed-in area under /akun/: its session, its sign-in, its account page and password."""
