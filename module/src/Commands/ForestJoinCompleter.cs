// Tab completion for -ForestJoin: the options of the wizard's "Uniquely identifying your users"
// page (any other LDAP name is accepted as typed: the attribute users are joined on).
using System.Collections.Generic;

namespace SyncMatch.Commands;

/// <summary>Completes -ForestJoin.</summary>
public sealed class ForestJoinCompleter : ValueCompleter
{
    private static readonly (string Value, string Tip)[] Options =
    {
        ("RepresentedOnce", "Users are represented only once across all forests (the default): nothing is joined"),
        ("Mail", "Users with the same mail are one person; users without mail are not synchronized"),
        ("ObjectSidMasterAccountSid", "An account and its linked mailbox in another forest (msExchMasterAccountSid = the account's objectSid) are one person"),
        ("SamAccountNameMailNickname", "Users with the same sAMAccountName and mailNickname are one person"),
        ("employeeNumber", "A specific attribute: users with the same value are one person; users without it are not synchronized"),
    };

    private protected override IReadOnlyList<(string Value, string Tip)> Values => Options;
}
