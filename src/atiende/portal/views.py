from django.http import HttpResponse


def ticket_list(request):
    return HttpResponse("portal")
