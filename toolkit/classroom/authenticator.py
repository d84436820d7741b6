"""Sign-in for a classroom: FirstUseAuthenticator with the course's learner names.

A learner picks a name and a password at first sign-in; the name is then theirs (the
password is stored hashed in the hub state folder). Every name is folded by
`names.hub_name`, so "Dana Lee" and "dana lee" (or a look-alike spelling) are one user.
Instructor names are never open to first use: they are admins, so whoever signed in first
would run the class. Their password is set in advance (`make hub-instructor`,
toolkit.classroom.passwords); until then signing in with that name is refused.
"""

from __future__ import annotations

from firstuseauthenticator import FirstUseAuthenticator

from toolkit.classroom.names import hub_name, is_valid_hub_name
from toolkit.classroom.passwords import has_password

NOT_SET = (
    "This is an instructor's name: its password is set in advance on the hub machine "
    "(make hub-instructor NAME=...), not at first sign-in. Ask whoever runs the hub."
)


class ClassroomAuthenticator(FirstUseAuthenticator):
    def normalize_username(self, username):
        return hub_name(username)

    def validate_username(self, username):
        return is_valid_hub_name(username) and super().validate_username(username)

    async def authenticate(self, handler, data):
        name = self.normalize_username(data.get("username", ""))
        if name in self.admin_users and not has_password(self.dbm_path, name):
            handler.custom_login_error = NOT_SET
            self.log.warning("refused sign-in as instructor %s: no password set in advance", name)
            return None
        return await super().authenticate(handler, data)
