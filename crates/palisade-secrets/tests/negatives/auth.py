import getpass
import os

from flask import request


def login():
    password = getpass.getpass("Password: ")
    token = request.headers.get("X-Token")
    api_key = os.environ["API_KEY"]
    secret = load_secret(name="orders/db")
    password_hash = bcrypt.hashpw(password.encode(), bcrypt.gensalt())
    return check(token, api_key, secret, password_hash)
