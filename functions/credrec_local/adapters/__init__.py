"""Local adapters: the offline implementations of credrec's ports (folder bucket, sqlite store,
local recognizer) and the local stores beside them (paid-answer vault, reviewers, dead letters)."""
