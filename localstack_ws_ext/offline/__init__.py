"""Providers for LocalStack services that community can otherwise only run after downloading more software."""
