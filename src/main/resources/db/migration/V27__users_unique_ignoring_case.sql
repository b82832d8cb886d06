-- User names are unique ignoring case: "Admin" beside "admin" would be a lookalike in the audit log and among token
-- owners (UserService.create refuses it with a 409). An installation that already holds names differing only by case
-- keeps them: the index is then not created (a notice says so) and the service check alone guards that database.
do $$
begin
    if exists (select lower(username) from users group by lower(username) having count(*) > 1) then
        raise notice 'users differing only by case exist; users_username_lower_key not created';
    else
        create unique index users_username_lower_key on users (lower(username));
    end if;
end $$;
