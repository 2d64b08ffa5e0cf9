"""Presence: the protocol, the server (alone or scaled out through Redis), the client, the load generator."""
