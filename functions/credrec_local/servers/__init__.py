"""Loopback servers: the local HTTP gateway (FC HTTP trigger), the CloudAuth emulator, the ACS3
signature verifier they share and the threaded server base."""
