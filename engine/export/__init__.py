"""Writing the venue out for other tools: glTF 2.0 binary with Mozilla Hubs components."""
