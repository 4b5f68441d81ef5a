using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace SocialLoss.Server;

/// <summary>The caller and the accounts: <c>/whoami</c>, <c>/accounts</c>, <c>/accounts/{id}</c>.</summary>
internal static class AccountEndpoints
{
    /// <summary>Maps the routes.</summary>
    public static void Map(IEndpointRouteBuilder api, ClearingService svc)
    {
        api.MapGet("/whoami", (HttpContext ctx) =>
        {
            var c = ctx.Caller();
            return ApiResults.Json(new WhoAmIAnswer(c.IsOperator ? ApiKeys.OperatorRole : ApiKeys.AccountRole, c.Account));
        })
        .Describe("whoAmI", "accounts", "The role and account of the key.")
        .Produces<WhoAmIAnswer>();

        api.MapGet("/accounts", (HttpContext ctx) =>
            ctx.Caller().IsOperator ? ApiResults.Json(svc.Read(Views.AccountList)) : ApiResults.Forbidden("listing accounts needs an operator key"))
        .Describe("listAccounts", "accounts", "Every account with its balance (operators).")
        .Produces<IReadOnlyList<AccountSummary>>()
        .Problems(StatusCodes.Status403Forbidden);

        api.MapGet("/accounts/{id}", (string id, HttpContext ctx) =>
        {
            var c = ctx.Caller();
            if (!c.MayRead(id))
                return ApiResults.Forbidden($"this key may read only account \"{c.Account}\"");
            return svc.Read(l => Views.Account(l, id)) is { } view ? ApiResults.Json(view) : ApiResults.NotFound("unknown account", $"no account \"{id}\"");
        })
        .Describe("getAccount", "accounts", "One account: balance, equity, margins, positions with liquidation and bankruptcy prices and ADL rank and indicator (0–4).",
            "Operators read any account; an account key only its own.")
        .Produces<AccountView>()
        .Problems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
    }
}
