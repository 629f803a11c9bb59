"""The Textual client. It holds no business rules: it asks the client layer and renders."""
