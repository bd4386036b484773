"""The HTTP server in front of the app: uvicorn with httptools, guarded against slow clients.

`protocol.GuardedHttpToolsProtocol` gives every request a deadline for its head and one for its
body, caps the head's header count and size, and closes idle keep-alive connections;
`run.ServerConfig` carries `GATEWAY_SERVER__*` to it, in one process or in every worker.
"""
