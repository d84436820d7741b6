"""Sign-in for a classroom: FirstUseAuthenticator with the course's learner names.

A learner picks a name and a password at first sign-in; the name is then theirs (the
password is stored hashed in the hub state folder). Every name is folded by
`names.hub_name`, so "Dana Lee" and "dana lee" (or a look-alike spelling) are one user.
"""

from __future__ import annotations

from firstuseauthenticator import FirstUseAuthenticator

from toolkit.classroom.names import hub_name, is_valid_hub_name


class ClassroomAuthenticator(FirstUseAuthenticator):
    def normalize_username(self, username):
        return hub_name(username)

    def validate_username(self, username):
        return is_valid_hub_name(username) and super().validate_username(username)
