"""The domain core: pure rules of the schemes. No Qt, SQL, HTTP, files or clock in here."""
